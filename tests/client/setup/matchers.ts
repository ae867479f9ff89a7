import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// What a test waits for (a lazily loaded validator, a query answered) comes when the machine gets
// to it: on a loaded CI machine that is often past Testing Library's 1 s default. Tests assert
// what appears, never how fast; the benchmarks measure speed.
configure({ asyncUtilTimeout: 5000 });
