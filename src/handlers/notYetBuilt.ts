import { failure, type Failure } from './answers';

/** Placeholder handler for functions whose behaviour has not been built yet (see the open issues). */
export async function notYetBuilt(): Promise<Failure> {
  return failure('UNAVAILABLE', 'not implemented yet');
}
