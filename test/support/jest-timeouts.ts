// Integration and end-to-end tests start servers and wait for asynchronous consumers.
import { jest } from '@jest/globals';

jest.setTimeout(60_000);
