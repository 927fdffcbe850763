"use client";
import { useEffect, useRef, useState, type RefObject } from "react";

/**
 * Loads a component right after hydration (its code stays out of the page's first-load JS) and says whether the
 * placeholder had the keyboard focus when it arrived, so the real control can take the focus over.
 */
export function useAfterHydration<C, E extends HTMLElement>(load: () => Promise<C>): { Loaded: C | null; hadFocus: boolean; placeholderRef: RefObject<E | null> } {
  const [Loaded, setLoaded] = useState<C | null>(null);
  const [hadFocus, setHadFocus] = useState(false);
  const placeholderRef = useRef<E>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    let mounted = true;
    void loadRef.current().then((component) => {
      if (!mounted) return;
      setHadFocus(document.activeElement === placeholderRef.current);
      setLoaded(() => component);
    });
    return () => {
      mounted = false;
    };
  }, []);
  return { Loaded, hadFocus, placeholderRef };
}
