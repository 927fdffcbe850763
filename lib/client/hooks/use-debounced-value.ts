"use client";
import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from "react";

/** The value once it has stopped changing for `delayMs`: search boxes query the server per pause, not per key. */
export function useDebouncedValue<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/**
 * Calls `onSettle` with the debounced text each time it settles on a new value, and only then: not when anything
 * else (the URL) changes. A search box that wrote the URL whenever the URL changed could write back a stale text
 * (and with it the old filters) right after "Clear filters" replaced the URL.
 */
export function useSettledText<T>(value: T, onSettle: (settled: T) => void, delayMs = 300): void {
  const debounced = useDebouncedValue(value, delayMs);
  const last = useRef(debounced);
  const callback = useRef(onSettle);
  useEffect(() => {
    callback.current = onSettle;
  });
  useEffect(() => {
    if (Object.is(last.current, debounced)) return;
    last.current = debounced;
    callback.current(debounced);
  }, [debounced]);
}

/**
 * Text filter boxes kept in the URL: their text (starting from the URL's), each settled change written to the URL
 * (keys whose text differs from the address bar), going back to page 1.
 */
export function useUrlTextFilters<K extends string>(
  keys: readonly K[],
  initial: Record<K, string>,
  replaceParams: (patch: Record<string, string | undefined>) => void,
): [Record<K, string>, Dispatch<SetStateAction<Record<K, string>>>] {
  const [text, setText] = useState(initial);
  useSettledText(text, (settled) => {
    const current = new URLSearchParams(window.location.search);
    const changed = keys.filter((k) => settled[k].trim() !== (current.get(k) ?? ""));
    if (changed.length > 0) replaceParams({ ...Object.fromEntries(changed.map((k) => [k, settled[k].trim()])), page: undefined });
  });
  return [text, setText];
}
