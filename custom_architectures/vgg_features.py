"""VGG19 feature extractor for perceptual (content) losses: SRGAN's VGG54 and ESRGAN's pre-activation features."""

import os

import keras
from keras import layers

VGG19_NOTOP = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"
_BGR_MEAN = (103.939, 116.779, 123.68)


def vgg_weights_source(weights):
    """`weights` as Keras's VGG19 takes it; offline without a file, a one-line error naming both ways out."""
    if weights in (None, "random"):
        return None  # untrained: tests of the plumbing only
    if weights not in ("", "imagenet"):
        if not os.path.isfile(weights):
            raise FileNotFoundError(f"vgg_weights={weights} does not exist; give the path of {VGG19_NOTOP}")
        return weights
    cached = os.path.join(os.path.expanduser("~"), ".keras", "models", VGG19_NOTOP)
    if os.path.isfile(cached):
        return cached
    from datasets.mnist import _online

    if not _online():
        raise ValueError(f"the VGG content loss needs ImageNet VGG19 weights: pass --hparams vgg_weights=FILE "
                         f"({VGG19_NOTOP}), or go online once so Keras can download them; or use the pixel loss "
                         "(content=mse / perceptual_weight=0)")
    return "imagenet"


def vgg_preprocess(images):
    """Images in [-1, 1] (RGB) as VGG19 was trained on them: [0, 255] BGR minus the ImageNet means."""
    x = (keras.ops.cast(images, "float32") + 1.0) * 127.5
    return x[..., ::-1] - keras.ops.convert_to_tensor(_BGR_MEAN, "float32")


def build_vgg_features(weights="imagenet", layer="block5_conv4", before_activation=False, name="vgg_features"):
    """Maps `vgg_preprocess`ed images to VGG19 features of `layer`; frozen.

    `before_activation=True` returns the conv's output before its ReLU (ESRGAN,
    Wang et al. 2018, section 3.3); otherwise after it (SRGAN's phi_5,4).
    """
    vgg = keras.applications.VGG19(include_top=False, weights=vgg_weights_source(weights), input_shape=(None, None, 3))
    vgg.trainable = False
    images = keras.Input((None, None, 3), name="images")
    x = images
    for block in vgg.layers[1:]:
        if block.name == layer and before_activation:
            config = {**block.get_config(), "activation": None, "name": f"{layer}_linear"}
            linear = layers.Conv2D.from_config(config)
            x = linear(x)
            linear.set_weights(block.get_weights())
            linear.trainable = False
            break
        x = block(x)
        if block.name == layer:
            break
    else:
        raise ValueError(f"VGG19 has no layer {layer!r}")
    return keras.Model(images, x, name=name)
