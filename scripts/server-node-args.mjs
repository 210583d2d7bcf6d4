// Node flags the server runs with (npm start, the e2e suite, the benches):
// - the old generation is capped at CRM_MAX_HEAP_MB (default 320). V8 otherwise lets the heap grow
//   lazily towards gigabytes before collecting: a million-row import's short-lived batches pushed
//   the server past 550 MB of RSS while it never held more than ~150 MB live. Raise it if the server
//   ever stops with "JavaScript heap out of memory";
// - a 32 MB young generation semi-space (16 MB by default): an import's rows die young, and fewer
//   scavenges made a million-row import ~10 % faster at the same peak RSS.
export const serverNodeArgs = () => [`--max-old-space-size=${Number(process.env.CRM_MAX_HEAP_MB) || 320}`, '--max-semi-space-size=32'];
