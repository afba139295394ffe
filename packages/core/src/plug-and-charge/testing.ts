// Test-only (@magma/core/plug-and-charge/testing): the test PKI, its loopback OCSP responder and the
// test contract certificate provider, for tests and the simulator demo.
export * from '@magma/pki/testing';
