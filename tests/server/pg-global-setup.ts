// Replaced by the server test setup: starts a throwaway PostgreSQL cluster on loopback.
export default function setup(): void {}
