/** Node flags the server runs with: see server-node-args.mjs. */
export declare const serverNodeArgs: () => string[];
