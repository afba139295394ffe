export * from './rate-limit.ts';
export * from './authenticate-user.ts';
export * from './resolve-scope.ts';
export * from './invite-user.ts';
export * from './accept-invitation.ts';
export * from './list-members.ts';
