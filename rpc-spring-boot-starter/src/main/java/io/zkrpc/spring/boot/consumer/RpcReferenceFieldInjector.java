package io.zkrpc.spring.boot.consumer;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.util.ReflectionUtils;

import io.zkrpc.core.annotation.RpcReference;

/** Sets fields annotated with {@link RpcReference} to service proxies. */
public class RpcReferenceFieldInjector implements InstantiationAwareBeanPostProcessor, BeanFactoryAware {

    private final Map<Class<?>, List<Field>> fieldsByClass = new ConcurrentHashMap<>();
    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    /**
     * Sets the bean's {@link RpcReference} fields before Spring applies its property values.
     * The fields are found once per class; a static one fails the bean's creation.
     */
    @Override
    public PropertyValues postProcessProperties(PropertyValues values, Object bean, String beanName) throws BeansException {
        List<Field> fields = fieldsByClass.computeIfAbsent(AopUtils.getTargetClass(bean), RpcReferenceFieldInjector::referenceFields);
        if (fields.isEmpty()) {
            return values;
        }
        RpcReferenceFactory factory = beanFactory.getBean(RpcReferenceFactory.class);
        for (Field field : fields) {
            if (Modifier.isStatic(field.getModifiers())) {
                throw new BeanCreationException(beanName, "@RpcReference is not supported on static field " + field);
            }
            Object proxy = factory.proxy(field.getType(), field.getAnnotation(RpcReference.class), field);
            ReflectionUtils.makeAccessible(field);
            ReflectionUtils.setField(field, bean, proxy);
        }
        return values;
    }

    private static List<Field> referenceFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        ReflectionUtils.doWithFields(type, fields::add, field -> field.isAnnotationPresent(RpcReference.class));
        return List.copyOf(fields);
    }
}
