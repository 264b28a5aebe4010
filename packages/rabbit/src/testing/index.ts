// @ecom/rabbit/testing: helpers for tests of code built on this library.
export { waitFor } from './wait-for';
