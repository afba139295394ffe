export * from './vendor-input.ts';
export * from './list-vendors.ts';
export * from './get-vendor.ts';
export * from './create-vendor.ts';
export * from './update-vendor.ts';
export * from './delete-vendor.ts';
