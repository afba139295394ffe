export * from './set-charging-profile.ts';
export * from './clear-charging-profile.ts';
export * from './get-composite-schedule.ts';
export * from './get-charging-profiles.ts';
export * from './record-reported-profiles.ts';
export * from './list-charging-profiles.ts';
export * from './ev-charging-needs.ts';
export * from './remote-start-with-profile.ts';
