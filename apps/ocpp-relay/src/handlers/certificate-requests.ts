import { loggedMessage } from './logged-message.ts';

// Certificate requests (1.6 security extension SignCertificate; 2.0.1 A02/A03 SignCertificate, M
// ISO 15118 Get15118EVCertificate and GetCertificateStatus). This CSMS has no certificate
// authority or OCSP responder yet, so it cannot sign a CSR, obtain an EV contract certificate or
// report a certificate's revocation status. It says so the way each message defines (Rejected /
// Failed, with the reason in statusInfo where 2.0.1 has one), after keeping the request in the
// charger's message log, where the operator sees that the charger asked.

const NO_CERTIFICATE_AUTHORITY = {
  reasonCode: 'UnsupportedRequest',
  additionalInfo: 'This CSMS has no certificate authority; the request is kept in the charger message log',
};

export const certificateRequests16 = {
  SignCertificate: loggedMessage('SignCertificate', { reply: { status: 'Rejected' } }),
};

export const certificateRequests201 = {
  SignCertificate: loggedMessage('SignCertificate', {
    reply: { status: 'Rejected', statusInfo: NO_CERTIFICATE_AUTHORITY },
  }),
  Get15118EVCertificate: loggedMessage('Get15118EVCertificate', {
    reply: { status: 'Failed', exiResponse: '', statusInfo: NO_CERTIFICATE_AUTHORITY },
  }),
  GetCertificateStatus: loggedMessage('GetCertificateStatus', {
    reply: { status: 'Failed', statusInfo: NO_CERTIFICATE_AUTHORITY },
  }),
};
