import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { userListSchema, sessionUserSchema } from "@/lib/schemas/user";

export function usersQuery() {
  return queryOptions({
    queryKey: ["users"],
    queryFn: ({ signal }) => apiFetch("/api/users", { schema: userListSchema, signal }),
  });
}

export function meQuery() {
  return queryOptions({
    queryKey: ["me"],
    queryFn: ({ signal }) => apiFetch("/api/me", { schema: sessionUserSchema, signal }),
  });
}
