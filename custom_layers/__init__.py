"""Small reusable layers shared by several architectures.

The families built so far (GAN, DCGAN) use stock Keras layers only; blocks that more
than one family needs (pixel shuffle, residual-in-residual blocks) land here.
"""
