export * from "./errors/app-error.ts";
export * from "./auth/password.ts";
export * from "./seed/index.ts";
