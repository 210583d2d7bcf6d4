import { Grid } from 'antd';

/** Phones (below antd's md breakpoint) get cards instead of tables. */
export function useNarrow(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
