// The core use cases the routers call, gathered from @magma/core's per-domain entry points.
export * from '@magma/core';
export * from '@magma/core/tenancy';
export * from '@magma/core/tenants';
export * from '@magma/core/vendors';
export * from '@magma/core/users';
export * from '@magma/core/sites';
export * from '@magma/core/search';
export * from '@magma/core/chargers';
