export { buildIntrospection } from './build.js';
export { UnmodelledSdl } from './read-sdl.js';
