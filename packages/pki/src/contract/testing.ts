// Test-only: a test PKI and a loopback OCSP responder (@magma/pki/testing). Never imported by
// production paths; the test contract certificate provider is configured explicitly.
export { createTestPki, type TestAuthority, type TestContract, type TestPki } from './test-pki.ts';
export { startTestOcspResponder, type TestOcspResponder } from './test-ocsp-responder.ts';
export { createTestContractProvider } from './test-provider.ts';
export { createDemoPki } from './demo-pki.ts';
export { DEMO_PKI_ROOT_PEM, DEMO_PKI_SUB_CA_PEM } from './demo-pki-certificates.ts';
