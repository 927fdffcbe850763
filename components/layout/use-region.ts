"use client";
import { useSearchParams } from "next/navigation";
import { regionOrDefault } from "@/lib/schemas/region-names";

/** The region the console shows, from `?region=`, and a helper that carries it onto internal links. */
export function useRegion() {
  const searchParams = useSearchParams();
  const region = regionOrDefault(searchParams.get("region"));
  const withRegion = (href: string) => `${href}?${new URLSearchParams({ region })}`;
  return { region, withRegion };
}
