import { useSearchParams } from 'react-router';

/**
 * Named list filters a module lets a link carry (`/o/tickets?sla=fr_breached`): the list page passes
 * them to the server's named filter of the same name and shows the tag, which removes it when closed.
 * (?segment= has its own tag in the engine.)
 */
export interface UrlListFilter {
  name: string;
  /** The tag's text for a value. */
  Tag: React.ComponentType<{ value: string }>;
}

export const URL_LIST_FILTERS: UrlListFilter[] = [];

export function registerUrlListFilter(filter: UrlListFilter) {
  if (!URL_LIST_FILTERS.some((f) => f.name === filter.name)) URL_LIST_FILTERS.push(filter);
}

/** Closes a named filter's tag: drops ?<name>= from the address, keeping the other parameters. */
export function useDropSearchParam(name: string) {
  const [search, setSearch] = useSearchParams();
  return () => {
    const next = new URLSearchParams(search);
    next.delete(name);
    setSearch(next);
  };
}
