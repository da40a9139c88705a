"""Models whose losses the later chapters study: linear regression with minibatches, a deep
linear network, a small multilayer perceptron (with backpropagation and exact
Hessian-vector products), and the losses of the convexity chapter."""
