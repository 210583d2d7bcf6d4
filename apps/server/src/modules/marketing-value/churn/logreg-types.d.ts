// The package ships no types: the part of its API this module uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  interface TwoClasses {
    testScores(features: Matrix): number[];
    weights: Matrix;
  }
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: TwoClasses[];
    train(x: Matrix, y: Matrix): void;
    predict(x: Matrix): number[];
  }
}
