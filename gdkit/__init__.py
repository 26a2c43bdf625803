"""gdkit: the helper library of the gradient-descent course."""
