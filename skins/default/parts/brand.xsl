<?xml version="1.0" encoding="UTF-8"?>
<!--
  A client's co-brand (included by layout.xsl).  For a contact whose
  client has one, /atrium/brand carries @accent and @accent-css (a small
  stylesheet setting the skin's custom properties - -brand, - -accent)
  and @client-logo (the logo's address).  Staff set both on the client's
  page: brand-client-form draws that form.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="base" select="''"/>

  <!-- In <head>, after the skin's own stylesheets. -->
  <xsl:template name="brand-client-head">
    <xsl:if test="/atrium/brand/@accent-css">
      <link rel="stylesheet" href="{$base}{/atrium/brand/@accent-css}"/>
    </xsl:if>
  </xsl:template>

  <!-- In the header, beside the agency's brand. -->
  <xsl:template name="brand-client">
    <xsl:if test="/atrium/brand/@client-logo">
      <span class="co-brand">
        <img src="{$base}{/atrium/brand/@client-logo}" class="co-brand-logo"
             alt="{/atrium/user/@client-name}" height="40"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- The staff client page's co-brand form; c is the <client>. -->
  <xsl:template name="brand-client-form">
    <xsl:param name="c"/>
    <section aria-labelledby="h-cobrand" class="co-brand-form">
      <h2 id="h-cobrand">Co-brand</h2>
      <p class="hint">The portal of this client's contacts shows their logo
        beside yours and uses their accent colour. The colour must keep
        text readable: a contrast of at least 4.5:1.</p>
      <xsl:if test="$c/has_logo = '1'">
        <p><img src="{$base}/staff/clients/{$c/id}/logo" alt="{$c/name} logo"
                class="co-brand-logo" height="40"/></p>
      </xsl:if>
      <form method="post" action="{$base}/staff/clients/{$c/id}/brand"
            enctype="multipart/form-data" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">accent</xsl:with-param>
          <xsl:with-param name="label">Accent colour</xsl:with-param>
          <xsl:with-param name="value" select="$c/brand_accent"/>
          <xsl:with-param name="hint">As #rrggbb, such as #1a4d8f; empty for none.</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="name">logo</xsl:with-param>
          <xsl:with-param name="label">Logo</xsl:with-param>
          <xsl:with-param name="type">file</xsl:with-param>
          <xsl:with-param name="hint">PNG, JPEG or GIF, 2 MB at most.</xsl:with-param>
        </xsl:call-template>
        <xsl:if test="$c/has_logo = '1'">
          <div class="field">
            <input type="checkbox" id="f-remove_logo" name="remove_logo" value="1"/>
            <label for="f-remove_logo">Remove the logo</label>
          </div>
        </xsl:if>
        <p><button type="submit">Save the co-brand</button></p>
      </form>
    </section>
  </xsl:template>
</xsl:stylesheet>
