/** What a blank value looks like everywhere. */
export function BlankValue() {
  return <span style={{ color: 'var(--ant-color-text-quaternary, #bbb)' }}>-</span>;
}
