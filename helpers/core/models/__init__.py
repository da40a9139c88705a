"""Models whose losses the later chapters study: linear regression with minibatches,
L2-regularized logistic regression (smooth and strongly convex), a deep linear network, a small multilayer perceptron (with backpropagation and exact
Hessian-vector products), and the losses of the convexity chapter."""
