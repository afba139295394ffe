import type { CredentialKeyring } from '@magma/payments';

/** Deployment settings for Plug & Charge, read once from the environment by the relay and the web app. */
export type PlugAndChargeOptions = {
  /** Seals and opens the Hubject client secret (PAYMENT_CREDENTIALS_KEYS); null: it cannot be stored or used. */
  keyring: CredentialKeyring | null;
  /** OCSP responders and providers on private or loopback addresses (tests, your own network). */
  allowPrivateAddresses: boolean;
  /**
   * OCSP responder URLs allowed although on a loopback or private address, exactly as written
   * (the relay's own demo responder for the simulated EVs); every other URL follows allowPrivateAddresses.
   */
  allowedResponderUrls?: readonly string[];
  /** How long an OCSP responder may take (default 5 s). */
  ocspTimeoutMs?: number;
  /** How long the contract certificate provider may take (default 20 s, under a charger's call timeout). */
  providerTimeoutMs?: number;
};

export const DEFAULT_PNC_OPTIONS: PlugAndChargeOptions = { keyring: null, allowPrivateAddresses: false };
