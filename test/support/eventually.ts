// The one way the tests wait for something asynchronous (eventually, eventuallyValue): written once in
// libs/domain/src/testing/eventually.ts, where every project's tests reach it without an import of
// test/ (which would make the libraries depend on the end-to-end project in Nx's graph: a circle).
export * from '../../libs/domain/src/testing/eventually';
