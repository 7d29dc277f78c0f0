// Integration and end-to-end tests start servers and wait for asynchronous consumers.
jest.setTimeout(60_000);
