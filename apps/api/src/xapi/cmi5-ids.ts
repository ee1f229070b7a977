import { createHash } from 'node:crypto';

const digest = (publisherId: string) =>
  createHash('sha256').update(publisherId, 'utf8').digest('hex').slice(0, 40);

/**
 * The LMS's own activity ids for one cmi5 package (cmi5 8.1 activityId, 9.3.9 satisfied): the AU's launch
 * activityId, each block's and the course's id in their `satisfied` statements. The specification wants them made
 * by the LMS and never equal to the publisher's ids of cmi5.xml (those go into `contextActivities.grouping`), the
 * same for an AU on every launch and every registration: so they are derived from this server's address, the
 * package (one upload, one course version) and the publisher's id.
 */
export class Cmi5Ids {
  private readonly base: string;

  constructor(homePage: string, packageId: number) {
    this.base = `${homePage.replace(/\/+$/, '')}/xapi/cmi5/packages/${packageId}`;
  }

  au(publisherId: string): string {
    return `${this.base}/au/${digest(publisherId)}`;
  }

  block(publisherId: string): string {
    return `${this.base}/block/${digest(publisherId)}`;
  }

  course(): string {
    return `${this.base}/course`;
  }
}
