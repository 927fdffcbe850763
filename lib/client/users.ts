"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { sessionUserSchema, userListSchema, userSchema, type CreateUserInput, type UpdateUserInput, type User } from "@/lib/schemas/user";

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

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => apiFetch("/api/users", { method: "POST", body: input, schema: userSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersQuery().queryKey }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, patch }: { userId: string; patch: UpdateUserInput }) =>
      apiFetch(`/api/users/${encodeURIComponent(userId)}`, { method: "PATCH", body: patch, schema: userSchema }),
    onSuccess: async (updated: User) => {
      // Show the answer at once, then refetch in case someone else changed the list meanwhile.
      queryClient.setQueryData(usersQuery().queryKey, (old) =>
        old ? { users: old.users.map((u) => (u.id === updated.id ? updated : u)) } : old,
      );
      await queryClient.invalidateQueries({ queryKey: usersQuery().queryKey });
    },
  });
}
