import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

export default defineConfig({
  // .gz and .br copies beside each built file: the server sends them to browsers that accept them
  // (no compression work per request).
  plugins: [react(), compression({ algorithms: ['gzip', 'brotliCompress'] })],
  resolve: {
    // Use the shared schema's TypeScript source directly: the browser validates with the server's Zod builder.
    alias: [
      // The common-password list is its own entry: loaded lazily, only by password forms.
      { find: '@crm/schema/common-passwords', replacement: fileURLToPath(new URL('../../packages/schema/src/common-passwords.ts', import.meta.url)) },
      { find: /^@crm\/schema$/, replacement: fileURLToPath(new URL('../../packages/schema/src/index.ts', import.meta.url)) },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  // The API server for `vite` (dev) and `vite preview`; CRM_API_URL points them at another port.
  server: { proxy: { '/api': process.env.CRM_API_URL ?? 'http://localhost:3000' } },
  preview: { proxy: { '/api': process.env.CRM_API_URL ?? 'http://localhost:3000' } },
});
