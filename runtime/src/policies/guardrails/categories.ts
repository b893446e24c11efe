/**
 * What each built-in detector is about, for guardrail spans (`gen_ai.guardrail` risk category). Apart from
 * the detectors, so that telemetry does not load them where no guardrail runs.
 */
import type { DetectorName } from './detectors.js';

export const CATEGORY: Record<DetectorName, 'pii' | 'secret'> = {
  email: 'pii',
  phone: 'pii',
  'us-ssn': 'pii',
  'uk-nino': 'pii',
  'ca-sin': 'pii',
  'payment-card': 'pii',
  iban: 'pii',
  'ip-address': 'pii',
  'aws-access-key': 'secret',
  'private-key': 'secret',
  jwt: 'secret',
  'high-entropy': 'secret',
};
