export * from "./errors/app-error.ts";
