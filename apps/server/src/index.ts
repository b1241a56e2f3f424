// Tributary server entry (NestJS host).
export {};
