"use client";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import { policyDetailSchema, policyListSchema, policyUpdateResultSchema, type PolicyForm, type UpdatePolicyInput } from "@/lib/schemas/policy";

// Policy Center's reads and changes through /api. A policy's key nests under its region's list's, so invalidating
// a region's policy list refreshes the open details too.

const policiesPath = (regionId: string) => `/api/regions/${encodeURIComponent(regionId)}/policies`;
const policyPath = (regionId: string, policyId: string) => `${policiesPath(regionId)}/${encodeURIComponent(policyId)}`;

export function policiesQuery(regionId: string) {
  return queryOptions({
    queryKey: ["regions", regionId, "policies"],
    queryFn: ({ signal }) => apiFetch(policiesPath(regionId), { schema: policyListSchema, signal }),
  });
}

export function policyQuery(regionId: string, policyId: string) {
  return queryOptions({
    queryKey: [...policiesQuery(regionId).queryKey, policyId],
    queryFn: ({ signal }) => apiFetch(policyPath(regionId, policyId), { schema: policyDetailSchema, signal }),
  });
}

function useInvalidatePolicies(regionId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: policiesQuery(regionId).queryKey });
}

export function useCreatePolicy(regionId: string) {
  const invalidate = useInvalidatePolicies(regionId);
  return useMutation({
    mutationFn: (input: PolicyForm) => apiFetch(policiesPath(regionId), { method: "POST", body: input, schema: policyDetailSchema }),
    onSuccess: invalidate,
  });
}

export function useUpdatePolicy(regionId: string) {
  const invalidate = useInvalidatePolicies(regionId);
  return useMutation({
    mutationFn: ({ policyId, input }: { policyId: string; input: UpdatePolicyInput }) =>
      apiFetch(policyPath(regionId, policyId), { method: "PUT", body: input, schema: policyUpdateResultSchema }),
    onSuccess: invalidate,
  });
}

export function useDeletePolicy(regionId: string) {
  const invalidate = useInvalidatePolicies(regionId);
  return useMutation({
    mutationFn: (policyId: string) => apiFetch(policyPath(regionId, policyId), { method: "DELETE" }),
    onSuccess: invalidate,
  });
}
