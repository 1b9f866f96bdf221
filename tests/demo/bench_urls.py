"""The URLconf with the benchmark's baselines mounted, as BENCH_BASELINES=true does."""

from config.urls import urlpatterns as site_urlpatterns
from demo import baselines

urlpatterns = [*site_urlpatterns, *baselines.urlpatterns]
