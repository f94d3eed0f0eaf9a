"""Groups with a capacity, and the places people hold in them."""
