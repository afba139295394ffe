// The tenancy, tenants, vendors, users and sites folders of @magma/core are not yet re-exported
// from its index (the core index is owned elsewhere). Until they are, this is the single place
// that reaches them; once `@magma/core` exports them, this file becomes `export * from '@magma/core'`.
export * from '@magma/core';
export * from '../../core/src/tenancy/index.ts';
export * from '../../core/src/tenants/index.ts';
export * from '../../core/src/vendors/index.ts';
export * from '../../core/src/users/index.ts';
export * from '../../core/src/sites/index.ts';
