// Failure messages and stack traces are payloads too: with encodeCommonAttributes they go through the
// payload codec (encrypted), so a rejection that names a patient never sits in clear text in history.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
