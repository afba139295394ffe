// Get15118EVCertificate (2.0.1 M01/M02): the CSMS forwards the EV's EXI CertificateInstallationReq
// (or CertificateUpdateReq) to a contract certificate provider and returns its EXI answer.

export type EvCertificateRequest = {
  /** The EXI schema namespace of the EV's session, e.g. urn:iso:15118:2:2013:MsgDef. */
  iso15118SchemaVersion: string;
  action: 'Install' | 'Update';
  /** Base64 of the EXI request from the EV. */
  exiRequest: string;
};

export type EvCertificateResult = { status: 'Accepted'; exiResponse: string } | { status: 'Failed'; reason: string };

export type ContractCertificateProvider = {
  name: string;
  getEvCertificate: (request: EvCertificateRequest) => Promise<EvCertificateResult>;
};
