module symmetry

go 1.26
