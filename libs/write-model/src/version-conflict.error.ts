/** The client's If-Match named a version the aggregate has moved past. */
export class VersionConflict extends Error {
  constructor(
    readonly streamName: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`This record is at version ${currentVersion}, not ${expectedVersion}; reload it and try again`);
  }
}
