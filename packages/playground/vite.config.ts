/**
 * The playground is a static site: `base: './'` makes every URL relative, so dist/ opens from
 * any web host (or `npx vite preview`). The policies under policies/ and examples/ are bundled
 * at build time (src/examples.ts); nothing is fetched at run time.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  base: './',
  server: { fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    target: 'es2022',
  },
  worker: { format: 'es' },
});
