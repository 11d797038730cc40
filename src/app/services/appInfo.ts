/** The package version, injected at build time (`define` in vite.config.ts). */
export const APP_VERSION: string = __APP_VERSION__
