// @magma/pki: X.509 for OCPP security (certificate authority for charging station and V2G
// certificates, security profile 3) and ISO 15118 Plug & Charge (contract certificates, OCSP).
// Pure where it can be: keys, certificates and OCSP messages in and out; storage and HTTP are the
// callers'.
export * from './ca/index.ts';
export * from './ocsp/index.ts';
export * from './contract/index.ts';
