// Node flags the server runs with (npm start, the e2e suite, the benches). V8 otherwise lets the
// heap grow lazily towards gigabytes before collecting: a million-row import's short-lived batches
// pushed the server past 550 MB of RSS while it never held more than ~130 MB live. The old
// generation is capped at CRM_MAX_HEAP_MB (default 320); raise it if the server ever stops with
// "JavaScript heap out of memory".
export const serverNodeArgs = () => [`--max-old-space-size=${Number(process.env.CRM_MAX_HEAP_MB) || 320}`];
