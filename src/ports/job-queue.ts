/** Enqueues background work (pg-boss underneath); use-cases never start work inline that may outlive a request. */
export interface JobQueue {
  send(jobId: string, data: object, opts?: { singletonKey?: string; startAfter?: Date }): Promise<void>;
}
