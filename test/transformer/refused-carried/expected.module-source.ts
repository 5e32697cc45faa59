(no worker module)
