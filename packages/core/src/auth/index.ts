export * from "./password.ts";
