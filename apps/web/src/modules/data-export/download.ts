import { withQuery, type Query } from '../../api/client';

/** Starts a file download of a GET route (the session cookie goes along); the server names the file. */
export function download(path: string, query: Query) {
  const a = document.createElement('a');
  a.href = withQuery(path, query);
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
